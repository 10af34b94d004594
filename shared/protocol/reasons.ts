/**
 * Why a decision was made, in words a support engineer can read to a customer (D-3). One shape everywhere: the
 * policy module's answers, the mutators' outcomes, the reasons a push answer carries and the sync inbox keeps.
 * Only zod here, so shared/domain and shared/mutations can import it without importing the wire format.
 */
import { z } from 'zod'

export const reasonSchema = z.object({ ruleId: z.string().min(1), message: z.string().min(1) })
export type Reason = z.infer<typeof reasonSchema>
