/* Structs, unions and enums with a body; typedef'd anonymous ones take the typedef name. */
struct point {
	int x, y;
};

struct point make(void);	/* no body: not a definition */
struct forward;

union value {
	int i;
	double d;
};

enum color { RED, GREEN, BLUE };

typedef struct {
	int w, h;
} size_t2;

typedef struct tagged {
	int a;
} tagged_t;

typedef union {
	int i;
} anon_union_t;

typedef enum {
	LOW,
	HIGH
} level_t, *level_ptr;

struct outer {
	struct inner {
		int z;
	} in;
	union {
		int u;
	} anon;
};

int use(struct point p) { return p.x; }
