/**
 * The dashboard's stylesheet, served as `/assets/dashboard.css`: light, no framework, readable on a phone.
 *
 * @example
 * import { DASHBOARD_STYLE } from './dashboard-style.ts';
 * DASHBOARD_STYLE.includes('.badge'); // true
 */
export const DASHBOARD_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2330}
a{color:#1d5fbf}
code,pre,.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.5rem 1rem;background:#1d2330;color:#fff}
header.top a{color:#fff;text-decoration:none}
.brand{font-weight:700;font-size:1.1rem;color:#f04e23!important}
nav.menu{display:flex;flex-wrap:wrap;gap:.25rem .75rem;flex:1}
nav.menu a{opacity:.8;padding:.15rem 0;border-bottom:2px solid transparent}
nav.menu a[aria-current=page]{opacity:1;border-bottom-color:#f04e23}
.who{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;font-size:.85rem}
.who button{background:transparent;color:#fff;border:1px solid #566;padding:.15rem .5rem}
.who button[aria-pressed=true]{border-color:#f04e23}
main{max-width:1280px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
section{margin-bottom:1rem}
.intro,.muted{color:#5b6472}
.muted{font-size:.9em}
.notice{padding:.6rem .8rem;border-radius:8px;margin:0 0 1rem}
.notice p{margin:.2rem 0}
.notice.error{background:#fdecea;color:#8a1c0b}
.notice.info{background:#e8f3ec;color:#17502c}
.table-wrap{overflow-x:auto;background:#fff;border-radius:10px;box-shadow:0 1px 4px rgba(0,0,0,.06)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #eceef2;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:#5b6472;background:#fafbfc}
td.num,th.num{text-align:right;white-space:nowrap}
.error-cell,.field-error{color:#8a1c0b}
.empty{color:#5b6472;font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}
.card{display:flex;flex-direction:column;min-width:11rem;padding:.75rem 1rem;background:#fff;border-radius:10px;box-shadow:0 1px 4px rgba(0,0,0,.06);text-decoration:none;color:inherit}
.card .figure{font-size:1.4rem;font-weight:650}
.card .caption{color:#5b6472;font-size:.85rem}
.card.alert .figure,a.alert{color:#b3261e}
.cards.small .card{min-width:8rem}
.grid-2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem}
.chart{min-height:240px;background:#fff;border-radius:10px;padding:.5rem;box-shadow:0 1px 4px rgba(0,0,0,.06)}
.chart h3{font-size:.95rem;margin:.25rem .5rem}
.chart-status{color:#5b6472;padding:1rem}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.78rem;background:#e9ecf1;color:#333;white-space:nowrap}
.s-completed,.s-executed{background:#e3f4e8;color:#17502c}
.s-dead,.s-failed{background:#fdecea;color:#8a1c0b}
.s-running,.s-approved{background:#e6effc;color:#1d4f91}
.s-queued,.s-pending{background:#fff4dc;color:#7a5300}
.s-sleeping{background:#efe8fb;color:#4f2f8f}
.s-cancelled,.s-rejected,.s-expired{background:#eceef2;color:#5b6472}
form.inline{display:inline-flex;gap:.25rem;align-items:center;margin:0}
button,.button{font:inherit;padding:.3rem .75rem;border-radius:6px;border:1px solid #c5cad3;background:#fff;color:#1d2330;cursor:pointer;text-decoration:none;display:inline-block}
button[type=submit]:not(.danger){border-color:#1d5fbf}
button.danger{border-color:#b3261e;color:#b3261e}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.5rem 0}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin-bottom:1rem}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:#5b6472}
input,select,textarea{font:inherit;padding:.3rem .45rem;border:1px solid #c5cad3;border-radius:6px;background:#fff}
textarea.code{width:100%}
form.settings{max-width:46rem}
form.settings fieldset{border:1px solid #dde1e7;border-radius:8px;margin:1rem 0;padding:.5rem 1rem;background:#fff}
.field{display:flex;flex-direction:column;margin:.6rem 0}
.field label{font-weight:600}
.field.check label{font-weight:500}
.field input[type=text],.field input[type=number],.field input[type=password],.field select,.field textarea,.field input:not([type]){max-width:32rem}
.help{color:#5b6472}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;background:#fff;padding:.75rem 1rem;border-radius:10px}
dl.facts dt{color:#5b6472}
dl.facts dd{margin:0}
pre.code{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:.6rem;overflow:auto;max-height:28rem;white-space:pre-wrap;word-break:break-word}
pre.error{border-color:#f3b8b1}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline li.step{background:#fff;border-radius:8px;padding:.5rem .75rem;margin:.4rem 0;border-left:4px solid #c5cad3}
li.step.s-completed{border-left-color:#2e8b57}
li.step.s-failed{border-left-color:#b3261e}
li.step.s-sleeping{border-left-color:#6b46c1}
.step-head{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.bar-track{display:block;height:6px;background:#eceef2;border-radius:3px;margin:.35rem 0;flex:1;min-width:6rem}
.bar{display:block;height:6px;background:#1d5fbf;border-radius:3px}
ol.funnel{list-style:none;padding:0;max-width:48rem}
ol.funnel li{display:grid;grid-template-columns:12rem 1fr 5rem 5rem;gap:.75rem;align-items:center;margin:.5rem 0}
ol.funnel .figure{font-weight:650;text-align:right}
nav.periods,nav.pager{display:flex;gap:1rem;margin:.5rem 0 1rem}
nav.periods a[aria-current]{font-weight:700;text-decoration:none;color:#1d2330}
code.url{user-select:all;background:#fff;padding:.1rem .3rem;border-radius:4px}
.sync-progress:empty{display:none}
.sync-progress{font-size:.85rem;margin-top:.3rem}
progress{width:10rem}
ul.connectors{list-style:none;padding:0}
ul.connectors li{background:#fff;border-radius:8px;padding:.6rem .8rem;margin:.4rem 0}
@media (max-width:640px){ol.funnel li{grid-template-columns:1fr 4rem}ol.funnel .bar-track{display:none}}
`;
