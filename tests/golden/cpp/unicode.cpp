// unicode identifiers
namespace été {
class Café {
public:
    int résumé(int α) const { return α ? 1 : 0; }
};
}

int 関数() { return 0; }
