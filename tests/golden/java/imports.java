package demo.app;

import java.util.List;
import java.util.Map.Entry;
import java.util.concurrent.*;
import static java.lang.Math.max;
import static java.util.Collections.*;
import demo.app.util.Helper;

class Uses {
}
