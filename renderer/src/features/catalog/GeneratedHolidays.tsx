import { useId, useState } from 'react'
import { DateTime } from 'luxon'
import type { HolidayCountry } from '@shared/domain'
import { PolicyInputError, publicHolidays } from '@shared/policy'

/** The public holidays Caseload generates for a country and year (R-CAL-5), for the year the user picks. */
export function GeneratedHolidays({ countries }: { countries: readonly HolidayCountry[] }) {
  const id = useId()
  const [year, setYear] = useState(() => String(new Date().getFullYear()))
  if (countries.length === 0) return null
  let lists: { country: HolidayCountry; dates: string[] }[] = []
  let problem: string | null = null
  try {
    lists = countries.map((country) => ({ country, dates: publicHolidays(country, Number(year)) }))
  } catch (e) {
    if (!(e instanceof PolicyInputError)) throw e
    problem = e.message
  }
  return (
    <div className="catalog-generated" data-testid="generated-holidays">
      <label className="field inline">
        <span>
          Generated public holidays <code className="rule">R-CAL-5</code> for
        </span>
        <input
          id={`${id}-year`}
          type="number"
          className="catalog-year"
          aria-label="Year of the generated holidays"
          aria-invalid={problem ? true : undefined}
          value={year}
          onChange={(e) => setYear(e.target.value)}
        />
      </label>
      {problem ? (
        <p className="error">{problem}</p>
      ) : (
        lists.map(({ country, dates }) => (
          <div key={country}>
            <strong className="small">{country}</strong>
            <ul className="catalog-dates">
              {dates.map((d) => (
                <li key={d}>
                  <time dateTime={d}>{DateTime.fromISO(d).toFormat('ccc d LLL yyyy')}</time>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
    </div>
  )
}
