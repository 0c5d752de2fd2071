package demo.shapes;

public class Outer {
    private int size;

    public Outer(int size) {
        this.size = size;
    }

    static class Nested {
        int depth() {
            return 1;
        }

        class Inner {
            void deeper() {
            }
        }
    }

    interface Visitor {
        void visit(Outer o);

        default void done() {
        }
    }

    enum Color {
        RED {
            String label() {
                return "r";
            }
        },
        GREEN;

        Color() {
        }
    }

    record Point(int x, int y) {
        Point {
            if (x < 0) {
                throw new IllegalArgumentException();
            }
        }
    }

    @interface Marker {
        String value() default "";
    }

    void work() {
        class Local {
            void help() {
            }
        }
        Runnable r = new Runnable() {
            public void run() {
            }
        };
    }
}
