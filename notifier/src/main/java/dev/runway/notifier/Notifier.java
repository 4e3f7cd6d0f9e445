package dev.runway.notifier;

import dev.runway.model.command.Announce;
import dev.runway.model.command.Command;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.NotificationTargets;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Carries out {@link Announce} commands: posts the runbook's message to chat and, for rollbacks,
 * pages. Each call is reported as a measurement; the step fails if any call failed, because a
 * rollback nobody was paged about is not announced.
 */
@ApplicationScoped
public class Notifier implements CommandHandler {

    static final String CHAT_STATUS = "chatStatus";
    static final String PAGING_STATUS = "pagingStatus";

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private final ChatSink chat;
    private final PagingSink paging;
    private final Clock clock;

    public Notifier(ChatSink chat, PagingSink paging, Clock clock) {
        this.chat = chat;
        this.paging = paging;
        this.clock = clock;
    }

    @Override
    public void carryOut(Command command, StepReporter reporter) {
        EventBody conclusion;
        if (!(command.body() instanceof Announce announce)) {
            conclusion = new StepFailed(
                    "the notifier only carries out Announce, not "
                            + command.body().getClass().getSimpleName(),
                    List.of());
        } else if (announce.announcement() == null) {
            conclusion = new StepFailed("the Announce command names no announcement", List.of());
        } else {
            conclusion = announce(command, announce, reporter);
        }
        reporter.report(conclusion);
    }

    private EventBody announce(Command command, Announce announce, StepReporter reporter) {
        NotificationTargets targets = announce.targets() == null ? NotificationTargets.DEFAULTS : announce.targets();
        String channel = orDefault(targets.chatChannel());
        Optional<Page> page = Pages.forAnnouncement(command.releaseId(), announce, command.issuedAt());
        String service = orDefault(targets.pagerDutyService());

        reporter.report(new StepStarted("announcing " + announce.announcement() + " in chat channel '" + channel + "'"
                + page.map(p -> " and sending a PagerDuty " + action(p) + " to service '" + service + "'")
                        .orElse("")));

        List<Measurement> measurements = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Delivery posted = chat.post(channel, Announcements.compose(announce, command.issuedAt()));
        measurements.add(measurement(CHAT_STATUS, posted));
        if (!posted.delivered()) {
            failures.add("chat channel '" + channel + "': " + posted.detail());
        }
        Optional<Delivery> paged = page.map(p -> paging.send(service, p));
        paged.ifPresent(delivery -> {
            measurements.add(measurement(PAGING_STATUS, delivery));
            if (!delivery.delivered()) {
                failures.add("PagerDuty service '" + service + "': " + delivery.detail());
            }
        });

        LOG.infof(
                "Release %s: %s, chat %s%s",
                command.releaseId(),
                announce.announcement(),
                describe(posted),
                paged.map(d -> ", paging " + describe(d)).orElse(""));
        if (!failures.isEmpty()) {
            return new StepFailed(
                    "could not announce " + announce.announcement() + ": " + String.join("; ", failures), measurements);
        }
        return new StepSucceeded(
                "announced " + announce.announcement() + " in chat channel '" + channel + "'"
                        + page.map(p -> " and sent a PagerDuty " + action(p) + " for " + p.dedupKey())
                                .orElse(""),
                measurements,
                Map.of());
    }

    private Measurement measurement(String name, Delivery delivery) {
        Measurement.Status status = switch (delivery.outcome()) {
            case DELIVERED -> Measurement.Status.SUCCESSFUL;
            case REJECTED -> Measurement.Status.FAILED;
            case UNREACHABLE -> Measurement.Status.ERROR;
        };
        String value = delivery.httpStatus() == 0 ? "no answer" : Integer.toString(delivery.httpStatus());
        return new Measurement(name, value, "http_status", status, clock.instant());
    }

    private static String describe(Delivery delivery) {
        return delivery.outcome() + " (" + (delivery.httpStatus() == 0 ? "no answer" : delivery.httpStatus()) + ", "
                + delivery.attempts() + " attempt(s))";
    }

    private static String action(Page page) {
        return page.action() == Page.Action.TRIGGER ? "trigger" : "resolve";
    }

    private static String orDefault(String name) {
        return name == null || name.isBlank() ? "default" : name;
    }
}
