// Cognitive complexity (schema/README.md "cognitive"): expected figure per function.
int flat(int a, int b) { return a + b; } // 0

int branches(int x, const int *v, int n) { // 9
    if (x) { // +1
        return 1;
    } else if (x < 0) { // +1
        return 2;
    } else { // +1
        for (int i = 0; i < n; i++) // +2
            if (v[i] and x) // +3, and +1
                return v[i];
    }
    return 0;
}

int tries(int n) { // 4
    try {
        throw n;
    } catch (int e) { // +1
        auto f = [](int y) { return y ? 1 : 0; }; // the lambda's own
        return e > 0 || e < -1 ? f(e) : 0; // ?: +2, || +1
    }
}
