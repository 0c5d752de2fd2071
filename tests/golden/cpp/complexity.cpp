// C's rule (pmccabe's) plus range-for; catch adds nothing; `and`/`or` count like && and ||.
#include <vector>

int loops(const std::vector<int> &v)
{
    int n = 0;
    for (int x : v) {           // +1
        if (x > 0 && x < 10)    // +2
            n++;
    }
    for (int i = 0; i < 3; i++) // +1
        n--;
    while (n > 100)             // +1
        n /= 2;
    do {                        // +1
        n++;
    } while (n < 0);
    return n;
}                               // = 7

int guarded(int k)
{
    try {
        if (k or k > 1)         // +2
            throw k;
    } catch (int e) {           // +0
        return e;
    } catch (...) {             // +0
        return -1;
    }
    switch (k) {
    case 1:                     // +1
        return 1;
    default:                    // +0
        return 0;
    }
}                               // = 4

int with_lambda(int a)
{
    auto f = [](int x) { return x ? 1 : 2; };  // +1: a lambda is not a definition
    return f(a);
}                               // = 2
