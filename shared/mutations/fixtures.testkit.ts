/**
 * Test data more than one suite starts from (the store suite, the simulator, the server tests and benches), so a
 * change to what a license needs is made once. Plain arguments: each caller sends them its own way.
 */

/** `license.add` arguments for the everyday license: SMTPmail 5 Standard on Windows, bought on `purchasedAt`. */
export function smtpmailLicense(id: string, customerId: string, purchasedAt: string) {
  return {
    id,
    customerId,
    product: 'SMTPmail',
    edition: 'Standard',
    major: 5,
    currentMajor: 5,
    os: 'windows',
    purchasedAt,
  }
}
