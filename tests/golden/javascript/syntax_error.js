function good(a) {
  return a;
}

function broken( {
  return 1;
}

class StillHere {
  ok() {}
}

function after() {}
