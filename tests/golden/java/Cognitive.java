// Cognitive complexity (schema/README.md "cognitive"): expected figure per method.
class Cognitive {
    int flat(int a, int b) { return a + b; } // 0

    int branches(int x, int[] v) { // 9
        if (x > 0) { // +1
            return 1;
        } else if (x < 0) { // +1
            return 2;
        } else { // +1
            for (int i : v) { // +2
                if (i > 0 && x == 0) { // +3, && +1
                    return i;
                }
            }
        }
        return 0;
    }

    int jumps(int[][] rows) { // 11
        outer:
        for (int[] r : rows) { // +1
            for (int c : r) { // +2
                if (c > 0 || c < -5) continue outer; // +3, || 1, labelled continue 1
            }
        }
        try {
            return rows.length;
        } catch (RuntimeException e) { // +1
            return e == null ? 0 : 1; // +2 (nested in the catch)
        }
    }
}
