/**
 * The wire vocabulary the harness uses for fault rules and observations: TIPC user and message
 * type numbers from the codec (msg.h). The harness owns the wire in every mode, so it knows the
 * wire format; it never reaches into an implementation's state through this.
 */
import { LinkProtoType, NameDistrType, TunnelType, User } from '../reference/msg';

export const LINK_PROTOCOL = User.LINK_PROTOCOL;
export const LINK_CONFIG = User.LINK_CONFIG;
export const TUNNEL_PROTOCOL = User.TUNNEL_PROTOCOL;
export const RESET_MSG = LinkProtoType.RESET_MSG;
export const FAILOVER_MSG = TunnelType.FAILOVER_MSG;
export const NAME_DISTRIBUTOR = User.NAME_DISTRIBUTOR;
export const PUBLICATION = NameDistrType.PUBLICATION;
export const WITHDRAWAL = NameDistrType.WITHDRAWAL;
