function first(a) {
  if (a) {
    return 1;
  }
  return 0;
}

// comment
class K {
  m() {}
}
