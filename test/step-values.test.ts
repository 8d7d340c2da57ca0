/**
 * The values the step parameter types hand the step definitions: a link, an endpoint, a service
 * range, a bearer, a delivery path and a message fault are parsed from the features' text into the contract's
 * structured values, written back the same way for messages, and text that is not one is refused
 * with a message that says what was expected.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import {
  alterationText,
  endpointText,
  linkText,
  messageFaultText,
  nodeList,
  nodeListText,
  nodesUpTo,
  parseBearer,
  parseBearerSet,
  parseDeliveryPath,
  parseEndpoint,
  parseAlteration,
  parseLink,
  parseMessageFault,
  parseRange,
  rangeText,
} from '../steps/support/values';

describe('step values', () => {
  test('a link as the commit names it: both ends on one bearer, written back as it was', () => {
    assert.deepEqual(parseLink('<1A-2A>'), { a: 1, b: 2, bearer: 'A' });
    assert.deepEqual(parseLink('<12B-3B>'), { a: 12, b: 3, bearer: 'B' });
    assert.equal(linkText(parseLink('<1B-2B>')), '<1B-2B>');
    assert.throws(() => parseLink('<1A-2B>'), /not a link like <1A-2A> \(both ends on the same bearer\)/);
    assert.throws(() => parseLink('1A'), /not a link/);
  });

  test('a link endpoint: a node and a bearer', () => {
    assert.deepEqual(parseEndpoint('2A'), { node: 2, bearer: 'A' });
    assert.equal(endpointText(parseEndpoint('17B')), '17B');
    assert.throws(() => parseEndpoint('2C'), /not a link endpoint like 2A/);
  });

  test('a service range {type, lower, upper}', () => {
    assert.deepEqual(parseRange('{7000, 0, 9}'), { type: 7000, lower: 0, upper: 9 });
    assert.equal(rangeText({ type: 6000, lower: 10, upper: 19 }), '{6000, 10, 19}');
    assert.throws(() => parseRange('{7000, 0}'), /not a service range/);
  });

  test('bearers, bearer sets and delivery paths take only what the features write', () => {
    assert.equal(parseBearer('B'), 'B');
    assert.throws(() => parseBearer('C'), /unknown bearer "C"/);
    assert.deepEqual(parseBearerSet('bearers A and B'), ['A', 'B']);
    assert.deepEqual(parseBearerSet('bearer A'), ['A']);
    assert.equal(parseDeliveryPath('unicast'), 'unicast');
    assert.throws(() => parseDeliveryPath('multicast'), /by broadcast or by unicast/);
  });

  test('a message fault: what happens to the first copy only ("once") or to every copy', () => {
    assert.deepEqual(parseMessageFault('dropped once'), { kind: 'drop', ms: 0, retransmissions: false });
    assert.deepEqual(parseMessageFault('duplicated once'), { kind: 'duplicate', ms: 0, retransmissions: false });
    assert.deepEqual(parseMessageFault('delayed by 200 ms once'), { kind: 'delay', ms: 200, retransmissions: false });
    assert.deepEqual(parseMessageFault('delayed by 200 ms, retransmissions included'), { kind: 'delay', ms: 200, retransmissions: true });
    assert.deepEqual(parseMessageFault('duplicated, retransmissions included'), { kind: 'duplicate', ms: 0, retransmissions: true });
    for (const t of ['dropped once', 'delayed by 5 ms, retransmissions included', 'duplicated once']) assert.equal(messageFaultText(parseMessageFault(t)), t);
    // a message dropped with every retransmission never arrives: the link fails; not a step's fault
    assert.throws(() => parseMessageFault('dropped, retransmissions included'), /not a message fault: dropped once, /);
    assert.throws(() => parseMessageFault('delayed by 200 ms'), /not a message fault/);
  });

  test('a malformed message: how its frame breaks tipc_msg_validate, once or with every retransmission', () => {
    assert.deepEqual(parseMessageFault('malformed (version 3) once'), { kind: 'malform', ms: 0, retransmissions: false, alteration: { kind: 'version', version: 3 } });
    assert.deepEqual(parseMessageFault('malformed (cut after the header), retransmissions included'), {
      kind: 'malform',
      ms: 0,
      retransmissions: true,
      alteration: { kind: 'cut', body: 0 },
    });
    assert.deepEqual(parseAlteration('header size 20'), { kind: 'hsize', bytes: 20 });
    assert.deepEqual(parseAlteration('message size below the header size'), { kind: 'msize', body: -4 });
    assert.deepEqual(parseAlteration('message size for a 66001-byte body'), { kind: 'msize', body: 66001 });
    for (const t of ['header size 0', 'version 6', 'message size below the header size', 'cut after the header', 'message size for a 66001-byte body']) {
      assert.equal(alterationText(parseAlteration(t)), t);
      assert.equal(messageFaultText(parseMessageFault(`malformed (${t}) once`)), `malformed (${t}) once`);
    }
    // each must fail tipc_msg_validate: a header of 24..60 bytes, version 2, a body within the limit would not
    assert.throws(() => parseAlteration('header size 24'), /a multiple of 4 below 24/);
    assert.throws(() => parseAlteration('header size 18'), /a multiple of 4 below 24/);
    assert.throws(() => parseAlteration('version 2'), /not 2/);
    assert.throws(() => parseAlteration('version 7'), /TIPC_EVERSION/);
    assert.throws(() => parseAlteration('version 8'), /0\.\.6/);
    assert.throws(() => parseAlteration('message size for a 66000-byte body'), /not a malformation/);
    assert.throws(() => parseMessageFault('malformed (garbled) once'), /not a malformation/);
  });

  test('node lists', () => {
    assert.deepEqual(nodeList('1 and 2'), [1, 2]);
    assert.deepEqual(nodeList('1, 2 and 3'), [1, 2, 3]);
    assert.deepEqual(nodesUpTo(4), [1, 2, 3, 4]);
    assert.equal(nodeListText([1, 2, 3]), '1, 2 and 3');
    assert.equal(nodeListText([1, 2]), '1 and 2');
    assert.deepEqual(nodesUpTo(0), []);
  });
});
