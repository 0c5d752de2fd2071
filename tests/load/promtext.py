"""tests/load/promtext.py: a strict parser of the Prometheus text exposition format (0.0.4), for
checking --metrics-file (promtool is not in Debian bookworm). It enforces the format's rules:
metric and label names' grammar, label values' only escapes (\\\\, \\", \\n), a float value with an
optional integer timestamp, at most one HELP and one TYPE per family and both before its first
sample, every sample of a family in one group, no sample twice, a final line feed."""
import re

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


class FormatError(Exception):
    pass


def _value(s, where):
    if s in ("NaN", "+Inf", "-Inf", "Inf"):
        return float(s.replace("Inf", "inf").replace("NaN", "nan"))
    try:
        v = float(s)
    except ValueError:
        raise FormatError(f"{where}: value '{s}' is not a float")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)", s):
        raise FormatError(f"{where}: value '{s}' is not in Go's float syntax")
    return v


def _labels(s, i, where):
    """Parses '{a="x",b="y"}' from s[i] == '{'; returns (dict, index after '}')."""
    labels = {}
    i += 1
    while True:
        if s[i:i + 1] == "}":
            return labels, i + 1
        m = LABEL.match(s, i)
        if not m:
            raise FormatError(f"{where}: bad label name at column {i}")
        name = m.group(0)
        if name.startswith("__"):
            raise FormatError(f"{where}: label name '{name}' is reserved")
        if name in labels:
            raise FormatError(f"{where}: label '{name}' twice")
        i = m.end()
        if s[i:i + 2] != '="':
            raise FormatError(f"{where}: label '{name}' without =\"")
        i += 2
        val = []
        while True:
            if i >= len(s):
                raise FormatError(f"{where}: unterminated label value")
            c = s[i]
            if c == "\\":
                e = s[i + 1:i + 2]
                if e not in ("\\", '"', "n"):
                    raise FormatError(f"{where}: bad escape \\{e} in label value")
                val.append("\n" if e == "n" else e)
                i += 2
            elif c == '"':
                i += 1
                break
            elif c == "\n":
                raise FormatError(f"{where}: raw line feed in label value")
            else:
                val.append(c)
                i += 1
        labels[name] = "".join(val)
        if s[i:i + 1] == ",":
            i += 1
        elif s[i:i + 1] != "}":
            raise FormatError(f"{where}: expected , or }} after label '{name}'")


def parse(text):
    """Returns {family: {"type": t, "help": h, "samples": [(name, labels, value)]}}."""
    if text and not text.endswith("\n"):
        raise FormatError("the last line has no line feed")
    families, done, seen, current = {}, set(), set(), None
    for n, line in enumerate(text.split("\n")[:-1], 1):
        where = f"line {n}"
        if not line.strip():
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                fam = parts[2]
                if not NAME.fullmatch(fam):
                    raise FormatError(f"{where}: bad metric name '{fam}'")
                f = families.setdefault(fam, {"type": None, "help": None, "samples": []})
                key = parts[1].lower()
                if f[key] is not None:
                    raise FormatError(f"{where}: second {parts[1]} for {fam}")
                if f["samples"]:
                    raise FormatError(f"{where}: {parts[1]} for {fam} after its samples")
                if key == "type":
                    if len(parts) != 4 or parts[3] not in TYPES:
                        raise FormatError(f"{where}: bad TYPE line")
                    f["type"] = parts[3]
                else:
                    f["help"] = parts[3] if len(parts) == 4 else ""
            continue
        m = NAME.match(line)
        if not m:
            raise FormatError(f"{where}: bad metric name")
        name, i = m.group(0), m.end()
        labels = {}
        if line[i:i + 1] == "{":
            labels, i = _labels(line, i, where)
        rest = line[i:]
        if not rest.startswith(" "):
            raise FormatError(f"{where}: no space before the value")
        fields = rest.split()
        if len(fields) not in (1, 2):
            raise FormatError(f"{where}: expected a value and an optional timestamp")
        value = _value(fields[0], where)
        if len(fields) == 2 and not re.fullmatch(r"-?\d+", fields[1]):
            raise FormatError(f"{where}: bad timestamp")
        fam = name
        for suffix in ("_bucket", "_count", "_sum"):
            base = name[: -len(suffix)]
            if name.endswith(suffix) and families.get(base, {}).get("type") in ("histogram", "summary"):
                fam = base
        if fam != current:
            if fam in done:
                raise FormatError(f"{where}: samples of {fam} are not in one group")
            if current:
                done.add(current)
            current = fam
        key = (name, tuple(sorted(labels.items())))
        if key in seen:
            raise FormatError(f"{where}: sample {name}{labels} twice")
        seen.add(key)
        families.setdefault(fam, {"type": None, "help": None, "samples": []})["samples"].append(
            (name, labels, value))
    return families


def value(families, family, **labels):
    """The value of the one sample of family whose labels include labels."""
    hits = [v for _, ls, v in families[family]["samples"] if all(ls.get(k) == w for k, w in labels.items())]
    if len(hits) != 1:
        raise KeyError(f"{family}{labels}: {len(hits)} samples")
    return hits[0]
