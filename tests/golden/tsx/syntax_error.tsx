function Good() {
  return <div>ok</div>;
}

function Broken() {
  return <div>unclosed;
}

class StillHere {
  ok() {}
}

const after = () => <p />;
