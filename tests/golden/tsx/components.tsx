import React, { useState } from "react";
import type { Props } from "./types";

interface ButtonProps {
  label: string;
  onPress?: () => void;
}

export function Button({ label, onPress }: ButtonProps) {
  return <button onClick={onPress}>{label}</button>;
}

export const Counter = ({ start = 0 }: { start?: number }) => {
  const [n, setN] = useState(start);
  const increment = () => setN(n + 1);
  return (
    <div>
      {n > 0 && <span>{n}</span>}
      {n > 9 ? <b>many</b> : <i>few</i>}
      <button onClick={() => setN(0)}>reset</button>
    </div>
  );
};

export default class Page extends React.Component<Props> {
  render() {
    return <Button label="x" />;
  }
}
