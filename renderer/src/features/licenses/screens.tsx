import './licenses.css'
import { LicenseDetail } from './LicenseDetail'
import { LicenseList } from './LicenseList'

export function LicensesScreen() {
  return <LicenseList />
}

export function LicenseScreen({ id }: { id: string }) {
  return <LicenseDetail key={id} id={id} />
}
