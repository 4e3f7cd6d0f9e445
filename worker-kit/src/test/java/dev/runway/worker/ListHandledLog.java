package dev.runway.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** A handled-commands log in a list, which outlives the {@link HandledCommands} over it as the topic would. */
final class ListHandledLog implements HandledLog {

    final List<HandledCommand> records = new ArrayList<>();
    int reads;

    @Override
    public void readToEnd(BiConsumer<HandledCommand, Position> each) {
        for (int offset = 0; offset < records.size(); offset++) {
            each.accept(records.get(offset), new Position(0, offset));
        }
    }

    @Override
    public Position append(HandledCommand record) {
        records.add(record);
        return new Position(0, records.size() - 1);
    }

    @Override
    public HandledCommand read(Position position) {
        reads++;
        return records.get((int) position.offset());
    }

    /** What a worker starting now would know. */
    HandledCommands restarted(int capacity) {
        HandledCommands handled = new HandledCommands(this, capacity);
        handled.load();
        return handled;
    }
}
