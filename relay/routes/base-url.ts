import type { FastifyRequest } from 'fastify'
import type { RelayConfig } from '../config.js'

/** The relay's public base URL: `publicUrl` when configured, else what the request was sent to. */
export const baseUrl = (req: FastifyRequest, config: Readonly<RelayConfig>): string => config.publicUrl || `${req.protocol}://${req.host}`
