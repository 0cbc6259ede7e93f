// An independent Janus client (Meetecho's janode, over WebSocket) drives a VideoRoom
// conversation: create a room, two publishers join, the first sees `joining`, participants
// are listed, the second leaves (`leaving`), the room is destroyed (`destroyed`), sessions
// end. Prints one JSON summary line; exits 1 with a reason on the first failure.
//
// Usage: node janode-videoroom.mjs ws://127.0.0.1:8188/
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';

const url = process.argv[2];
if (!url) {
  console.error('usage: node janode-videoroom.mjs <ws url>');
  process.exit(2);
}
Janode.Logger.setLevel('warning');

const EV = VideoRoomPlugin.EVENT;
function nextEvent(handle, name, ms = 5000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${name} event within ${ms} ms`)), ms);
    handle.once(name, data => { clearTimeout(t); resolve(data); });
  });
}
function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}

const room = `alice|${Math.floor(Math.random() * 1e9)}`;
const summary = { room };
let connection;
try {
  connection = await Janode.connect({ address: { url }, max_retries: 1, retry_time_secs: 1 });
  const sessionA = await connection.create();
  const sessionB = await connection.create();
  const alice = await sessionA.attach(VideoRoomPlugin);
  const bob = await sessionB.attach(VideoRoomPlugin);

  const created = await alice.create({ room, description: 'janode interop', max_publishers: 6, notify_joining: true, secret: 'adm' });
  check(created.room === room, `created room ${JSON.stringify(created)}`);
  const exists = await alice.exists({ room });
  check(exists.exists === true, 'room exists');

  const joinedA = await alice.joinPublisher({ room, feed: 'alice', display: 'Alice' });
  check(joinedA.feed === 'alice' && Array.isArray(joinedA.publishers), `alice joined ${JSON.stringify(joinedA)}`);

  const joining = nextEvent(alice, EV.VIDEOROOM_PUB_PEER_JOINED);
  const joinedB = await bob.joinPublisher({ room, feed: 'bob', display: 'Bob' });
  check(joinedB.feed === 'bob', 'bob joined');
  const joinEvent = await joining;
  check(joinEvent.feed === 'bob' && joinEvent.display === 'Bob', `joining event ${JSON.stringify(joinEvent)}`);
  summary.joining = joinEvent.feed;

  const list = await alice.listParticipants({ room });
  const ids = list.participants.map(p => p.feed).sort();
  check(JSON.stringify(ids) === '["alice","bob"]', `participants ${JSON.stringify(list)}`);
  summary.participants = ids;

  const leaving = nextEvent(alice, EV.VIDEOROOM_LEAVING);
  await bob.leave();
  const leaveEvent = await leaving;
  check(leaveEvent.feed === 'bob', `leaving event ${JSON.stringify(leaveEvent)}`);
  summary.leaving = leaveEvent.feed;

  const destroyedEv = nextEvent(alice, EV.VIDEOROOM_DESTROYED);
  const destroyed = await alice.destroy({ room, secret: 'adm' });
  check(destroyed.room === room, 'destroy reply');
  const destroyedEvent = await destroyedEv;
  check(destroyedEvent.room === room, `destroyed event ${JSON.stringify(destroyedEvent)}`);
  summary.destroyed = true;

  const gone = await alice.exists({ room });
  check(gone.exists === false, 'room gone after destroy');

  await alice.detach();
  await bob.detach();
  await sessionA.destroy();
  await sessionB.destroy();
  await connection.close();
  summary.ok = true;
  console.log(JSON.stringify(summary));
  process.exit(0);
} catch (e) {
  console.log(JSON.stringify({ ...summary, ok: false, error: e.message }));
  try { await connection?.close(); } catch { /* already closed */ }
  process.exit(1);
}
