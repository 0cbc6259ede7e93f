package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wildfirechat.proto.WFCConferenceData;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiled {@code conference_pb.proto} against the schema of wildfire-protocol.md §1.5 (decoded
 * from the fork's {@code src/pbc/pbdata.h}): every message, field number, label and type. The IM
 * decodes these bytes with its own copy, so nothing here may drift.
 */
class ConferenceSchemaTest {

    private static final List<String> EXPECTED = List.of(
            "Jsep: 1 required string type; 2 required string sdp",
            "PluginData: 2 required string data",
            "JanusPluginData: 1 required string janus; 2 required int64 session_id; 3 optional int64 sender;"
                    + " 4 required PluginData plugin_data; 5 optional string transaction; 6 optional Jsep jsep",
            "Ack: 1 required int64 session_id; 2 required string transaction; 3 optional string hint",
            "Candidate: 1 optional string sdpMid; 2 optional int32 sdpMLineIndex; 3 optional string candidate;"
                    + " 4 optional int32 completed",
            "Trickle: 1 required int64 session_id; 2 required int64 sender; 3 optional string opaque_id;"
                    + " 4 required Candidate candidate",
            "Webrtcup: 1 required int64 session_id; 2 required int64 sender; 3 optional string opaque_id",
            "Detached: 1 required int64 session_id; 2 required int64 sender; 3 optional string opaque_id",
            "Slowlink: 1 required int64 session_id; 2 required int64 sender; 3 optional string opaque_id;"
                    + " 4 required string mid; 5 required int32 media_video; 6 required int32 uplink; 7 required int32 lost",
            "Hangup: 1 required int64 session_id; 2 required int64 sender; 3 optional string opaque_id;"
                    + " 4 required string reason",
            "Icefailed: 1 required int64 session_id; 2 required int64 sender; 3 optional string opaque_id",
            "Media: 1 required int64 session_id; 2 required int64 sender; 3 optional string opaque_id;"
                    + " 4 required string mid; 5 required int32 type_video; 6 optional int32 substream;"
                    + " 7 required int32 receiving; 8 optional int32 seconds",
            "JanusSuccess: 1 optional int64 session_id; 2 required string transaction; 3 optional int64 id",
            "PluginSuccess: 1 required int64 session_id; 2 required string transaction; 3 required int64 sender;"
                    + " 4 optional string opaque_id; 5 optional string data");

    @Test
    void compiledSchemaIsTheForks() {
        FileDescriptor file = WFCConferenceData.getDescriptor();
        assertThat(file.getName()).isEqualTo("conference_pb.proto");
        assertThat(file.getPackage()).isEmpty();
        assertThat(file.toProto().getSyntax()).isIn("", "proto2");
        assertThat(file.getOptions().getJavaPackage()).isEqualTo("cn.wildfirechat.proto");
        assertThat(file.getOptions().getJavaOuterClassname()).isEqualTo("WFCConferenceData");
        assertThat(file.getOptions().getGoPackage()).isEqualTo("./go;proto");
        List<String> actual = new ArrayList<>();
        for (Descriptor message : file.getMessageTypes()) {
            List<String> fields = new ArrayList<>();
            for (FieldDescriptorProto f : message.toProto().getFieldList()) {
                String type = f.getType() == FieldDescriptorProto.Type.TYPE_MESSAGE
                        ? f.getTypeName().replaceFirst("^\\.", "")
                        : f.getType().name().substring("TYPE_".length()).toLowerCase(java.util.Locale.ROOT);
                fields.add(f.getNumber() + " " + f.getLabel().name().substring("LABEL_".length())
                        .toLowerCase(java.util.Locale.ROOT) + " " + type + " " + f.getName());
            }
            actual.add(message.getName() + ": " + String.join("; ", fields));
        }
        assertThat(actual).containsExactlyElementsOf(EXPECTED);
    }
}
