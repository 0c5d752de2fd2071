// LLOC: statements, declarations, each switch label
package mi;

import java.util.List;

class Mi {
    private int count;

    int sum(List<Integer> xs) {
        int s = 0;
        for (int x : xs) {
            if (x > 0 && x < 10) {
                s += x;
            }
        }
        switch (s) {
            case 0:
                count++;
                break;
            default:
                break;
        }
        return s;
    }
}
