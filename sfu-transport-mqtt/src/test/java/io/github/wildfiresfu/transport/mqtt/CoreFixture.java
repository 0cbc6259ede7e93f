package io.github.wildfiresfu.transport.mqtt;

import io.github.wildfiresfu.janus.ExecutorCoreScheduler;
import io.github.wildfiresfu.janus.JanusCore;
import io.github.wildfiresfu.janus.JanusCoreSettings;
import io.github.wildfiresfu.janus.videoroom.UnavailableVideoRoomMedia;
import io.github.wildfiresfu.janus.videoroom.VideoRoomListener;
import io.github.wildfiresfu.janus.videoroom.VideoRoomPlugin;
import io.github.wildfiresfu.janus.videoroom.VideoRoomSettings;
import java.util.List;

/**
 * The real Janus core and VideoRoom plugin, wired as the launcher does (WildfireSfu), with the
 * plugin's {@code onPbMessageRoomCreated} flipping a {@link PbModeSwitch} the transport reads.
 */
final class CoreFixture implements AutoCloseable {

    final ExecutorCoreScheduler scheduler = new ExecutorCoreScheduler();
    final PbModeSwitch pbMode = new PbModeSwitch();
    final JanusCore core;

    CoreFixture(int sessionTimeoutSeconds) {
        VideoRoomPlugin videoRoom = new VideoRoomPlugin(VideoRoomSettings.defaults(), new UnavailableVideoRoomMedia(),
                null, new VideoRoomListener() {
                    @Override
                    public void onPbMessageRoomCreated(String roomId) {
                        pbMode.enable();
                    }
                }, scheduler::execute);
        core = new JanusCore(JanusCoreSettings.builder().sessionTimeoutSeconds(sessionTimeoutSeconds).build(),
                List.of(videoRoom), scheduler);
    }

    @Override
    public void close() {
        core.shutdown();
        scheduler.close();
    }
}
