package données;

class Größe {
    int maß;

    Größe(int maß) {
        this.maß = maß;
    }

    double berechneFläche(double länge, double 幅) {
        return länge * 幅;
    }

    static class 内部 {
        void 処理() {
        }
    }
}
