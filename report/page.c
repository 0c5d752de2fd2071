/* report/page.c: the report's inline style sheet and script (sortable tables), embedded in the
   page itself so that it works offline, from a file, with nothing fetched. */
#include "banned.h"

#include "report_p.h"

const char sp_report_css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d2330;margin:0;"
	"background:#f5f6f8}"
	"header{background:#1d2b45;color:#fff;padding:16px 28px}header h1{margin:0 0 4px;font-size:22px}"
	"header p{margin:0;opacity:.85}header nav ul{list-style:none;padding:0;margin:8px 0 0}"
	"header nav li{display:inline;margin-right:14px}header a{color:#9fd0ff}"
	"main{padding:8px 28px 28px}"
	"section.repository{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);"
	"padding:6px 22px 18px;margin:18px 0}"
	"section.repository h2{margin:12px 0 2px;font-size:20px}.meta{color:#5a6477;margin:0 0 6px}"
	"nav.parts a{margin-right:10px;font-size:13px;color:#2563b0}"
	"section.part{border-top:1px solid #e3e6eb;margin-top:14px}h3{margin:14px 0 2px;font-size:16px}"
	".about{color:#5a6477;margin:0 0 8px}.query code{font-size:12px}"
	".charts{display:flex;flex-wrap:wrap;gap:16px}figure.chart{margin:4px 0 10px}"
	"figcaption{font-size:12px;color:#5a6477}"
	"svg .bar{fill:#3b82c4}svg .bar:hover{fill:#e07b24}svg .label,svg .value,svg "
	".tick{font-size:11px;"
	"fill:#333;font-family:ui-monospace,monospace}svg .axis{stroke:#aab}"
	"svg .line{fill:none;stroke:#3b82c4;stroke-width:2}svg .dot{fill:#1d2b45}"
	"table{border-collapse:collapse;font-size:13px;margin:6px 0 4px;min-width:50%}"
	"th,td{border-bottom:1px solid #e3e6eb;padding:3px 10px;text-align:left;max-width:44em}"
	"td.num,td.nowrap{white-space:nowrap}"
	"th{background:#eef1f5;cursor:pointer;user-select:none;white-space:nowrap}"
	"th.num,td.num{text-align:right}th[aria-sort=ascending]::after{content:' \\25B2'}"
	"th[aria-sort=descending]::after{content:' \\25BC'}tbody tr:hover{background:#f3f7fc}"
	"code{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}"
	".empty{color:#8a93a3;font-style:italic}footer{color:#8a93a3;font-size:12px;padding:0 28px "
	"20px}";

/* Click a header: sort by its column (numbers by value, text by locale), again to reverse.
   Each table says data-sortable="ready" once wired, which the browser test checks. */
const char sp_report_js[] =
	"(function(){'use strict';\n"
	"function key(row,i,num){var c=row.cells[i];var v=c.getAttribute('data-v');"
	"if(v===null)v=c.textContent;return num?(v===''?-Infinity:parseFloat(v)):v;}\n"
	"function sort(table,th){var i=Array.prototype.indexOf.call(th.parentNode.children,th);"
	"var num=th.classList.contains('num');"
	"var "
	"dir=th.getAttribute('aria-sort')==='descending'?1:-1;if(!num&&!th.getAttribute('aria-sort'))"
	"dir=1;"
	"Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute('aria-"
	"sort');});"
	"th.setAttribute('aria-sort',dir>0?'ascending':'descending');var body=table.tBodies[0];"
	"var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){var x=key(a,i,num),"
	"y=key(b,i,num);return dir*(num?(x-y):String(x).localeCompare(String(y)));});"
	"rows.forEach(function(r){body.appendChild(r);});}\n"
	"Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(t){"
	"Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th){th.addEventListener('click',"
	"function(){sort(t,th);});});t.setAttribute('data-sortable','ready');});\n"
	"})();";
