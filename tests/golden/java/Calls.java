class Calls { void m() { g(); this.h(); Util.k(); new Calls(); new java.util.ArrayList<String>(); } }
