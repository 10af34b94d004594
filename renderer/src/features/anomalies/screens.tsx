/** Anomaly reports (R-AM-1..4): the list at #/anomalies, one report at #/anomaly/<id>. */
import './anomalies.css'
import { AnomalyDetail } from './AnomalyDetail'
import { AnomalyList } from './AnomalyList'

export function AnomaliesScreen() {
  return <AnomalyList />
}

export function AnomalyScreen({ id }: { id: string }) {
  return <AnomalyDetail id={id} />
}
