/** The Customers area: the list (#/customers) and one customer (#/customer/<id>). */
import './customers.css'
import { CustomerDetail } from './CustomerDetail'
import { CustomerList } from './CustomerList'

export function CustomersScreen() {
  return <CustomerList />
}

export function CustomerScreen({ id }: { id: string }) {
  return <CustomerDetail id={id} />
}
