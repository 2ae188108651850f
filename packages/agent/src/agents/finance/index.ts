// The finance agent: the previous ISO week's figures per currency → finance spreadsheet and Slack.

export { financeAgent } from './finance-agent.ts';
export { financeMessages } from './finance-messages.ts';
export { type IsoWeekDates, previousIsoWeek } from './previous-week.ts';
export { type AffiliateCurrencyFigures, type WeeklyFigures, weeklyFigures } from './weekly-figures.ts';
export { type FinanceTab, financeRows, financeSummary, type TabRows } from './weekly-report.ts';
export { type WeeklyOutput, weeklyWorkflow } from './weekly-workflow.ts';
