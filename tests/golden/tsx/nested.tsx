function App() {
  function renderRow(row: number) {
    const cell = (c: number) => <td>{c}</td>;
    return <tr>{cell(row)}</tr>;
  }
  class Inner {
    draw(): JSX.Element {
      return <p />;
    }
  }
  return <table>{renderRow(1)}</table>;
}
