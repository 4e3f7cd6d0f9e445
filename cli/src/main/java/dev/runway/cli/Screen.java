package dev.runway.cli;

import java.io.PrintStream;

/**
 * Where {@code --follow} writes. Lines stay; a status is the phase that is running now. On a terminal the status is
 * one line redrawn in place behind a spinner; anywhere else (a pipe, a CI log, a test) every status is a line of its
 * own, so that the log reads as what happened.
 */
public interface Screen extends AutoCloseable {

    /** A line that stays, e.g. a phase that ended. */
    void line(String text);

    /** What is going on now, e.g. a running phase's latest progress; null when nothing is. */
    void status(String text);

    /** Something about the connection rather than the release; goes to stderr. */
    void note(String text);

    @Override
    void close();

    static Screen plain(PrintStream out, PrintStream err) {
        return new Screen() {
            @Override
            public void line(String text) {
                out.println(text);
                out.flush();
            }

            @Override
            public void status(String text) {
                if (text != null) {
                    out.println("[ RUN  ] " + text);
                    out.flush();
                }
            }

            @Override
            public void note(String text) {
                err.println(text);
                err.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    /** Redraws the status line every 120 ms with the next spinner frame, cut to the terminal's width. */
    static Screen spinner(PrintStream out, PrintStream err, int width) {
        return new SpinnerScreen(out, err, width);
    }

    final class SpinnerScreen implements Screen {

        private static final String FRAMES = "|/-\\";
        private static final String CLEAR_LINE = "\r\033[K";

        private final PrintStream out;
        private final PrintStream err;
        private final int width;
        private final Thread ticker;
        private String status;
        private int frame;

        SpinnerScreen(PrintStream out, PrintStream err, int width) {
            this.out = out;
            this.err = err;
            this.width = width;
            this.ticker = new Thread(this::tick, "runway-spinner");
            ticker.setDaemon(true);
            ticker.start();
        }

        @Override
        public synchronized void line(String text) {
            out.print(CLEAR_LINE);
            out.println(text);
            draw();
        }

        @Override
        public synchronized void status(String text) {
            status = text;
            if (text == null) {
                out.print(CLEAR_LINE);
            }
            draw();
        }

        @Override
        public synchronized void note(String text) {
            out.print(CLEAR_LINE);
            out.flush();
            err.println(text);
            err.flush();
            draw();
        }

        @Override
        public synchronized void close() {
            ticker.interrupt();
            status = null;
            out.print(CLEAR_LINE);
            out.flush();
        }

        private synchronized void draw() {
            if (status != null) {
                String text = "[  " + FRAMES.charAt(frame % FRAMES.length()) + "   ] " + status;
                out.print(CLEAR_LINE + Tables.clip(text, Math.max(20, width - 1)));
            }
            out.flush();
        }

        private void tick() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(120);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (this) {
                    frame++;
                    draw();
                }
            }
        }
    }
}
