// CRLF line endings
#include <string>

class Crlf {
public:
    int get(int a) const
    {
        if (a)
            return 1;
        return 0;
    }
};

int Crlf_free(int a) { return a; }
