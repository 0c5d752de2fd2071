class Flow { // 1 + decisions, by schema/lang/java.md (Complexity)
    int none() {
        return 0;
    } // = 1

    int branches(int a, int[] xs) {
        int s = 0;
        if (a > 0) { // +1
            s++;
        } else if (a < -5) { // +1
            s--;
        }
        for (int i = 0; i < a; i++) { // +1
            s += i;
        }
        for (int x : xs) { // +1
            while (x > 0) { // +1
                x--;
            }
        }
        do { // +1
            s++;
        } while (s < 3);
        return s > 10 ? 10 : s; // +1
    } // = 8

    int logic(boolean p, boolean q, boolean r) {
        return (p && q) || r ? 1 : 0; // +1 &&, +1 ||, +1 ?:
    } // = 4

    int oldSwitch(int k) {
        switch (k) {
            case 1: // +1
            case 2: // +1
                return 1;
            case 3: // +1
                return 2;
            default: // +0
                return 0;
        }
    } // = 4

    String arrowSwitch(int k) {
        return switch (k) {
            case 1, 2 -> "low"; // +1: one label
            case 3 -> "mid"; // +1
            default -> "high"; // +0
        };
    } // = 3

    void guarded() {
        try (var in = open()) { // +0
            use(in);
        } catch (IllegalStateException e) { // +1
            log(e);
        } catch (RuntimeException e) { // +1
            Runnable r = () -> { if (e != null) log(e); }; // +1: a lambda's if counts here
        } finally { // +0
            close();
        }
    } // = 4
}
