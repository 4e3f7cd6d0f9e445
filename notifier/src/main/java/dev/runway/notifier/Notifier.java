package dev.runway.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Command;
import dev.runway.model.event.Announced;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.spec.NotificationTargets;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Carries out {@link Announce} commands: posts the runbook's message to chat and, for rollbacks, pages. Concludes
 * with {@link Announced}, one {@link Delivery} per place tried, delivered or not: an announcement that did not
 * arrive is an outcome the coordinator shows on the release, not a failed step that would stop it. When a rollback
 * announcement could not reach chat, the notifier pages about that too, so someone hears of the rollback.
 */
@ApplicationScoped
public class Notifier implements CommandHandler {

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
        if (!(command.body() instanceof Announce announce)) {
            reporter.report(new StepFailed(
                    "the notifier only carries out Announce, not "
                            + command.body().getClass().getSimpleName(),
                    List.of()));
        } else if (announce.announcement() == null) {
            reporter.report(new StepFailed("the Announce command names no announcement", List.of()));
        } else {
            reporter.report(announce(command, announce, reporter));
        }
    }

    private Announced announce(Command command, Announce announce, StepReporter reporter) {
        NotificationTargets targets = announce.targets() == null ? NotificationTargets.DEFAULTS : announce.targets();
        String channel = orDefault(targets.chatChannel());
        Optional<Page> page = Pages.forAnnouncement(command.releaseId(), announce, command.issuedAt());
        String service = orDefault(targets.pagerDutyService());

        reporter.report(new StepStarted("announcing " + announce.announcement() + " in chat channel '" + channel + "'"
                + page.map(p -> " and sending a PagerDuty " + action(p) + " to service '" + service + "'")
                        .orElse("")));

        List<Delivery> deliveries = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Delivery chatDelivery = once(reporter, "chat", () -> {
            SinkResult posted = chat.post(channel, Announcements.compose(announce, command.issuedAt()));
            if (!posted.delivered()) {
                failures.add(posted.detail());
            }
            return posted.to(Delivery.Route.CHAT, channel, clock.instant());
        });
        deliveries.add(chatDelivery);
        page.ifPresent(p -> deliveries.add(once(reporter, "paging", () -> {
            SinkResult paged = paging.send(service, p);
            if (!paged.delivered()) {
                failures.add(paged.detail());
            }
            return paged.to(Delivery.Route.PAGING, service, clock.instant());
        })));

        Delivery escalation = null;
        if (!chatDelivery.delivered()) {
            String failure = chatDelivery.describe();
            Optional<Page> escalating =
                    Pages.forUndeliveredChat(command.releaseId(), announce, command.issuedAt(), failure);
            if (escalating.isPresent()) {
                escalation = once(
                        reporter,
                        "escalation",
                        () -> paging.send(service, escalating.get())
                                .to(Delivery.Route.PAGING, service, clock.instant()));
            }
        }

        Announced announced = new Announced(announce.announcement(), deliveries, escalation);
        if (announced.allDelivered()) {
            LOG.infof("Release %s: %s %s", command.releaseId(), announce.announcement(), describe(announced));
        } else {
            LOG.warnf(
                    "Release %s: %s %s (%s)",
                    command.releaseId(), announce.announcement(), describe(announced), String.join("; ", failures));
        }
        return announced;
    }

    /**
     * Delivers at most once across restarts: each outcome is checkpointed as soon as it is known, so a notifier killed
     * after a chat post and before its page resumes with the page. Slack webhooks carry no idempotency key, so only a
     * kill while the post itself is in flight can still repeat it.
     */
    private static Delivery once(StepReporter reporter, String part, Supplier<Delivery> deliver) {
        Optional<String> earlier = reporter.checkpointed(part);
        if (earlier.isPresent()) {
            try {
                return RunwayJson.wire().readValue(earlier.get(), Delivery.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the checkpointed " + part + " delivery cannot be read", e);
            }
        }
        Delivery delivery = deliver.get();
        try {
            reporter.checkpoint(part, RunwayJson.wire().writeValueAsString(delivery));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delivery cannot be written", e);
        }
        return delivery;
    }

    private static String describe(Announced announced) {
        String outcomes =
                announced.deliveries().stream().map(Delivery::describe).collect(Collectors.joining("; "));
        return announced.escalation() == null
                ? outcomes
                : outcomes + "; the undelivered chat post was paged: "
                        + announced.escalation().describe();
    }

    private static String action(Page page) {
        return page.action() == Page.Action.TRIGGER ? "trigger" : "resolve";
    }

    private static String orDefault(String name) {
        return name == null || name.isBlank() ? "default" : name;
    }
}
