/**
 * The statement a vendor sends its customer, as a PDF (pdfkit): vendor and customer header, the period and the
 * zone its days are read in, a summary of the balance, the lines table (date, engineer, incident, minutes,
 * billable with its rule, pack), emergency incidents (R-ST-4) as their own lines, the totals per pack with the
 * balance before and after, and "Page n of m" on every page. The words and numbers are those of the app's
 * statement view: both come from shared/reports.
 */
import PDFDocument from 'pdfkit'
import { hoursMinutes, type Statement, type StatementLine } from '@shared/reports'
import { boldFont, bodyFont, drawable, registerFonts } from './pdf-fonts'

export interface StatementPdfOptions {
  vendor: string
  /** when the statement was produced, shown in the footer (an argument: tests pin it) */
  generatedAt: string
}

type Align = 'left' | 'right' | 'center'
interface Column {
  header: string
  width: number
  align?: Align
}

const MARGIN = 48
// embedded DejaVu Sans (pdf-fonts.ts): Helvetica only knows Latin-1
const FONT = bodyFont.name
const BOLD = boldFont.name
const INK = '#1f2933'
const MUTED = '#616e7c'
const RULE = '#cbd2d9'

function lineCells(l: StatementLine): string[] {
  return [
    l.date,
    l.engineer,
    l.incidentSubject,
    hoursMinutes(l.minutes),
    `${l.billable ? 'Billable' : 'Not billable'} (${l.ruleId})${l.overridden ? ' override' : ''}`,
    l.packLabel ?? '-',
  ]
}

export function renderStatementPdf(s: Statement, options: StatementPdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Statement ${s.customer.name} ${s.period.from} to ${s.period.to}`,
      Author: options.vendor,
      Subject: 'Support-pack statement',
    },
  })
  registerFonts(doc)
  /** a name, subject or reason as the current font can draw it */
  const shown = (text: string) => drawable(doc, text)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const left = MARGIN
  const width = doc.page.width - 2 * MARGIN
  const bottom = () => doc.page.height - MARGIN - 24

  // header: vendor, title, customer, period
  doc.font(BOLD).fontSize(18).fillColor(INK).text(shown(options.vendor), left, MARGIN)
  doc
    .font(FONT)
    .fontSize(10)
    .fillColor(MUTED)
    .text('Support-pack statement', left, doc.y + 2)
  doc.moveDown(1)
  doc
    .font(BOLD)
    .fontSize(13)
    .fillColor(INK)
    .text(shown(`Statement for ${s.customer.name}`))
  doc
    .font(FONT)
    .fontSize(10)
    .fillColor(INK)
    .text(`Period: ${s.period.from} to ${s.period.to} (days in ${s.period.zone})`)
  doc.moveDown(0.8)

  // summary
  const t = s.totals
  const summary: [string, string][] = [
    ['Balance before', hoursMinutes(t.balanceBefore)],
    ['Bought in period', hoursMinutes(t.purchasedInPeriod)],
    ['Drawn in period', hoursMinutes(t.drawn)],
    ['Balance after', hoursMinutes(t.balanceAfter)],
  ]
  const boxW = width / summary.length
  const boxY = doc.y
  summary.forEach(([label, value], i) => {
    const x = left + i * boxW
    doc
      .rect(x + 2, boxY, boxW - 4, 42)
      .strokeColor(RULE)
      .stroke()
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(MUTED)
      .text(label, x + 8, boxY + 6, { width: boxW - 16 })
    doc
      .font(BOLD)
      .fontSize(14)
      .fillColor(t.balanceAfter < 0 && i === 3 ? '#b42318' : INK)
    doc.text(value, x + 8, boxY + 19, { width: boxW - 16 })
  })
  doc.y = boxY + 52
  doc
    .font(FONT)
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      `Time logged ${hoursMinutes(t.minutes)}: billable ${hoursMinutes(t.billableMinutes)}, not billable ${hoursMinutes(t.nonBillableMinutes)}` +
        (t.unpackedBillableMinutes > 0
          ? `, billable without a pack ${hoursMinutes(t.unpackedBillableMinutes)}`
          : '') +
        '. Hours are h:mm.',
      left,
      doc.y,
      { width },
    )
  doc.moveDown(1)

  function heading(text: string) {
    if (doc.y + 40 > bottom()) doc.addPage()
    doc.font(BOLD).fontSize(11).fillColor(INK).text(text, left, doc.y)
    doc.moveDown(0.3)
  }

  function table(columns: Column[], rows: string[][], emptyText: string) {
    const scale = width / columns.reduce((n, c) => n + c.width, 0)
    const widths = columns.map((c) => c.width * scale)
    const drawRow = (cells: string[], bold: boolean) => {
      doc.font(bold ? BOLD : FONT).fontSize(8.5)
      const heights = cells.map((c, i) => doc.heightOfString(shown(c), { width: widths[i]! - 6 }))
      const h = Math.max(...heights) + 6
      if (doc.y + h > bottom()) {
        doc.addPage()
        // the header again on the new page, then this row in its own font
        if (!bold)
          drawRow(
            columns.map((c) => c.header),
            true,
          )
        doc.font(bold ? BOLD : FONT).fontSize(8.5)
      }
      const y = doc.y
      let x = left
      cells.forEach((c, i) => {
        doc
          .fillColor(bold ? MUTED : INK)
          .text(shown(c), x + 3, y + 3, { width: widths[i]! - 6, align: columns[i]!.align ?? 'left' })
        x += widths[i]!
      })
      doc
        .moveTo(left, y + h)
        .lineTo(left + width, y + h)
        .strokeColor(RULE)
        .lineWidth(0.5)
        .stroke()
      doc.y = y + h
    }
    drawRow(
      columns.map((c) => c.header),
      true,
    )
    if (rows.length === 0) {
      doc
        .font(FONT)
        .fontSize(9)
        .fillColor(MUTED)
        .text(emptyText, left + 3, doc.y + 4)
      doc.moveDown(0.5)
    }
    for (const r of rows) drawRow(r, false)
    doc.x = left
    doc.moveDown(1)
  }

  const lineColumns: Column[] = [
    { header: 'Date', width: 62 },
    { header: 'Engineer', width: 70 },
    { header: 'Incident', width: 150 },
    { header: 'Time', width: 38, align: 'right' },
    { header: 'Billable (rule)', width: 95 },
    { header: 'Pack', width: 75 },
  ]
  heading('Time entries')
  table(lineColumns, s.lines.map(lineCells), 'No time was logged in this period.')

  heading('Emergency incidents (R-ST-4)')
  if (s.emergency.length === 0) {
    doc.font(FONT).fontSize(9).fillColor(MUTED).text('No emergency incident in this period.', left, doc.y)
    doc.moveDown(1)
  } else {
    doc.font(FONT).fontSize(8.5).fillColor(MUTED).text(shown(s.emergency[0]!.reason), left, doc.y, { width })
    doc.moveDown(0.4)
    table(
      [
        { header: 'Opened', width: 62 },
        { header: 'Incident', width: 250 },
        { header: 'Time', width: 50, align: 'right' },
        { header: 'Rule', width: 60 },
      ],
      s.emergency.map((e) => [e.date, e.subject, hoursMinutes(e.minutes), e.ruleId]),
      '',
    )
    for (const e of s.emergency) {
      if (e.lines.length === 0) continue
      heading(`Time on ${e.subject}`)
      table(lineColumns, e.lines.map(lineCells), '')
    }
  }

  heading('Support packs (R-PM-5)')
  table(
    [
      { header: 'Pack', width: 130 },
      { header: 'Bought on', width: 70 },
      { header: 'Before', width: 55, align: 'right' },
      { header: 'Bought', width: 55, align: 'right' },
      { header: 'Drawn', width: 55, align: 'right' },
      { header: 'After', width: 55, align: 'right' },
    ],
    [
      ...s.packs.map((p) => [
        p.label,
        p.purchasedAt,
        hoursMinutes(p.before),
        hoursMinutes(p.purchasedInPeriod),
        hoursMinutes(p.drawn),
        hoursMinutes(p.after),
      ]),
      ...(s.packs.length > 0
        ? [
            [
              'Total',
              '',
              hoursMinutes(t.balanceBefore),
              hoursMinutes(t.purchasedInPeriod),
              hoursMinutes(t.drawn),
              hoursMinutes(t.balanceAfter),
            ],
          ]
        : []),
    ],
    'This customer has no support pack.',
  )

  // footer on every page, written last so the count is known
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const saved = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        shown(
          `${options.vendor} - ${s.customer.name} - ${s.period.from} to ${s.period.to} - produced ${options.generatedAt.slice(0, 10)}`,
        ),
        left,
        doc.page.height - MARGIN + 8,
        { width: width - 80, lineBreak: false },
      )
      .text(
        `Page ${i - range.start + 1} of ${range.count}`,
        left + width - 80,
        doc.page.height - MARGIN + 8,
        {
          width: 80,
          align: 'right',
          lineBreak: false,
        },
      )
    doc.page.margins.bottom = saved
  }
  doc.end()
  return done
}
