/** One business calendar's year: working days per month and every holiday, closure or special day. */
import type { CalendarYear } from '../studio/calendar-glance';

export function CalendarGlance({
  id,
  title,
  timeZone,
  year,
}: {
  id: string;
  title: string;
  timeZone: string;
  year: CalendarYear;
}) {
  return (
    <section aria-labelledby={`calendar-${id}`}>
      <h2 id={`calendar-${id}`}>{`${title} (${id})`}</h2>
      <p>{`Time zone ${timeZone}. ${year.workingDays} working days in ${year.year}.`}</p>
      <table class="usa-table usa-table--borderless cf-studio-table">
        <caption>{`Working days per month in ${year.year}`}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Working days</th>
          </tr>
        </thead>
        <tbody>
          {year.months.map((month) => (
            <tr key={month.month}>
              <th scope="row">{month.month}</th>
              <td>{month.workingDays}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{`Days off in ${year.year}`}</h3>
      <ul class="usa-list">
        {year.daysOff.map((day) => (
          <li key={day.date}>{`${day.date}: ${day.name}${day.kind === 'holiday' ? '' : ` (${day.kind})`}`}</li>
        ))}
      </ul>
    </section>
  );
}
