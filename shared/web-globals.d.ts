/**
 * The WHATWG URL class is a global in every runtime shared/ runs in (browsers, Node, Electron), but it lives in
 * neither the ES lib nor a runtime-free type set. Declared here, narrowly, so shared/ can parse URLs without
 * taking in the DOM or Node types.
 */
declare class URL {
  constructor(input: string, base?: string | URL)
  readonly protocol: string
  readonly host: string
  readonly hostname: string
  readonly port: string
  readonly origin: string
  readonly pathname: string
  readonly search: string
  readonly href: string
}
