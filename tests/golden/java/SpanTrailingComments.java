// A definition ends at its closing brace (or `;` without a body): a comment before it is inside.
abstract class SpanTrailingComments {
    int braced(int x) {
        return x + 1;
        // trailing comment inside the body
    }
    // trailing comment of the class body

    abstract int bodiless(); // after the declaration
}
// after the class
