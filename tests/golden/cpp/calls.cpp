namespace ns { int f(); }
struct A { void m() { this->g(); ns::f(); auto *x = new A(); std::vector<int>::size(); } void g(); };
