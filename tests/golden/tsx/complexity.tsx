function View({ items, mode, user }: Props) { // = 11; 1 + decisions, by schema/lang/javascript.md (Complexity)
  if (!items) { // +1
    return null;
  }
  for (const item of items) { // +1
    while (item.busy) { // +1
      item.tick();
    }
  }
  switch (mode) {
    case "a": // +1
      break;
    case "b": // +1
      break;
  }
  try { // +0
    user.load();
  } catch (e) {} // +1
  return ( // below: +1 && (line 21), +1 ?: and +1 ?? (line 22), +1 || (line 23); the arrow is its own
    <ul>
      {items.length > 0 && items.map((i) => <li key={i.id}>{i.name}</li>)}
      {user ? <b>{user.name ?? "anon"}</b> : null}
      {mode === "a" || <hr />}
    </ul>
  );
}
