// js-framework-benchmark keyed, with Preact + htm (no build step) and a memoised row, as its entry does.
import { h, render, Component } from "preact";
import htm from "htm";
import { buildData } from "./common.js";

const html = htm.bind(h);

class Row extends Component {
  shouldComponentUpdate(next) {
    return next.item !== this.props.item || next.selected !== this.props.selected;
  }
  render({ item, selected, onSelect, onRemove }) {
    return html`<tr class=${selected ? "danger" : ""}>
<td class="col-md-1">${item.id}</td>
<td class="col-md-4"><a onClick=${() => onSelect(item.id)}>${item.label}</a></td>
<td class="col-md-1"><a onClick=${() => onRemove(item.id)}><span class="glyphicon glyphicon-remove" aria-hidden="true"></span></a></td>
<td class="col-md-6"></td></tr>`;
  }
}

class Main extends Component {
  state = { data: [], selected: 0 };
  select = (id) => this.setState({ selected: id });
  remove = (id) => this.setState(({ data }) => ({ data: data.filter((d) => d.id !== id) }));
  actions = {
    run: () => this.setState({ data: buildData(1000), selected: 0 }),
    runlots: () => this.setState({ data: buildData(10000), selected: 0 }),
    add: () => this.setState(({ data }) => ({ data: data.concat(buildData(1000)) })),
    update: () => this.setState(({ data }) => ({
      data: data.map((d, i) => (i % 10 === 0 ? { id: d.id, label: d.label + " !!!" } : d)) })),
    clear: () => this.setState({ data: [], selected: 0 }),
    swaprows: () => this.setState(({ data }) => {
      if (data.length <= 998) return null;
      const next = data.slice(); const t = next[1]; next[1] = next[998]; next[998] = t;
      return { data: next };
    }),
  };
  render(_, { data, selected }) {
    const button = (id, title) => html`<div class="col-sm-6 smallpad"><button type="button"
      class="btn btn-primary btn-block" id=${id} onClick=${this.actions[id]}>${title}</button></div>`;
    return html`<div class="container"><div class="jumbotron"><div class="row">
<div class="col-md-6"><h1>Preact keyed</h1></div><div class="col-md-6"><div class="row">
${button("run", "Create 1,000 rows")}${button("runlots", "Create 10,000 rows")}
${button("add", "Append 1,000 rows")}${button("update", "Update every 10th row")}
${button("clear", "Clear")}${button("swaprows", "Swap Rows")}
</div></div></div></div>
<table class="table table-hover table-striped test-data"><tbody>
${data.map((item) => html`<${Row} key=${item.id} item=${item} selected=${item.id === selected}
  onSelect=${this.select} onRemove=${this.remove} />`)}
</tbody></table>
<span class="preloadicon glyphicon glyphicon-remove" aria-hidden="true"></span></div>`;
  }
}

render(html`<${Main} />`, document.getElementById("main"));
document.documentElement.setAttribute("data-ready", "");
