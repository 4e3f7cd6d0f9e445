package dev.runway.worker;

import java.util.Comparator;
import java.util.function.BiConsumer;

/** Where {@link HandledCommands} keeps what it must still know after a restart. Writes return once durable. */
public interface HandledLog {

    /** Where one record lies, so that a record no longer held in memory can be read again. */
    record Position(int partition, long offset) {

        /** The order in which the log was written, within a partition. */
        public static final Comparator<Position> ORDER =
                Comparator.comparingInt(Position::partition).thenComparingLong(Position::offset);
    }

    /** Reads every record written before the call, in order, and hands each over with where it lies. */
    void readToEnd(BiConsumer<HandledCommand, Position> each);

    /** Writes {@code record} and returns once the log has it durably. */
    Position append(HandledCommand record);

    /** The record at {@code position}, which {@link #readToEnd} or {@link #append} reported. */
    HandledCommand read(Position position);
}
