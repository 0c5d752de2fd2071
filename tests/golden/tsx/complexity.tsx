function View({ items, mode, user }: Props) {
  if (!items) {
    return null;
  }
  for (const item of items) {
    while (item.busy) {
      item.tick();
    }
  }
  switch (mode) {
    case "a":
      break;
    case "b":
      break;
  }
  try {
    user.load();
  } catch (e) {}
  return (
    <ul>
      {items.length > 0 && items.map((i) => <li key={i.id}>{i.name}</li>)}
      {user ? <b>{user.name ?? "anon"}</b> : null}
      {mode === "a" || <hr />}
    </ul>
  );
}
