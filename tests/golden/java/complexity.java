class Flow {
    int none() {
        return 0;
    }

    int branches(int a, int[] xs) {
        int s = 0;
        if (a > 0) {
            s++;
        } else if (a < -5) {
            s--;
        }
        for (int i = 0; i < a; i++) {
            s += i;
        }
        for (int x : xs) {
            while (x > 0) {
                x--;
            }
        }
        do {
            s++;
        } while (s < 3);
        return s > 10 ? 10 : s;
    }

    int logic(boolean p, boolean q, boolean r) {
        return (p && q) || r ? 1 : 0;
    }

    int oldSwitch(int k) {
        switch (k) {
            case 1:
            case 2:
                return 1;
            case 3:
                return 2;
            default:
                return 0;
        }
    }

    String arrowSwitch(int k) {
        return switch (k) {
            case 1, 2 -> "low";
            case 3 -> "mid";
            default -> "high";
        };
    }

    void guarded() {
        try (var in = open()) {
            use(in);
        } catch (IllegalStateException e) {
            log(e);
        } catch (RuntimeException e) {
            Runnable r = () -> { if (e != null) log(e); };
        } finally {
            close();
        }
    }
}
