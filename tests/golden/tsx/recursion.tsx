// cognitive complexity: +1 once for a function that calls itself
function Nested(props: { n: number }) {
  if (props.n === 0) return <i />; // +1
  return <b>{Nested({ n: props.n - 1 })}</b>; // +1
}
