import java.util.List;

@Deprecated
@SuppressWarnings("unchecked")
public abstract class Shape<T extends Comparable<T>> extends Base<T> implements Drawable, java.io.Serializable {
    @Override
    public String toString() {
        return "shape";
    }

    protected abstract double area(final double scale, @Nullable List<? extends T> parts);

    static <E> int count(E first, E... rest) {
        return rest.length + 1;
    }

    void receiver(Shape<T> this, int[] grid, String[]... matrix) {
    }

    @SafeVarargs
    Shape(T... items) {
        super(items);
    }
}

interface Drawable extends Runnable, AutoCloseable {
    void draw(int x, int y);
}

enum Level implements Drawable {
    LOW;

    public void draw(int x, int y) {
    }

    public void run() {
    }

    public void close() {
    }
}

record Pair<A, B>(A left, B right) implements Comparable<Pair<A, B>> {
    public int compareTo(Pair<A, B> other) {
        return 0;
    }
}
