export function First({ a }: { a: number }) {
  if (a > 0) {
    return <b>{a}</b>;
  }
  return null;
}

// comment
const Second = () => <i />;
