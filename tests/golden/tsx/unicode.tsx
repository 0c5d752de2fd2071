const Größe = (props: { ä: string }) => <div>{props.ä}</div>;
function 组件(参数: string) {
  return <span>{参数}</span>;
}
class Ω extends React.Component {}
