// LLOC: as TypeScript; JSX is one expression
type Props = { n: number };

export function Badge(props: Props) {
  const n = props.n;
  if (n > 0 && n < 10) {
    return <b>{n}</b>;
  }
  return <i>none</i>;
}
