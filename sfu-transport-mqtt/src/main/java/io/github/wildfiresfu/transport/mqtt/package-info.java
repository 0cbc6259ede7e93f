/**
 * The Wildfire MQTT transport: the link between Wildfire SFU and the Wildfire IM
 * (wildfire-protocol.md §1), as the Wildfire fork of Janus implements it in
 * {@code src/transports/janus_mqtt.c}.
 *
 * <ul>
 *   <li>{@link io.github.wildfiresfu.transport.mqtt.MqttTransportSettings}: {@code janus.transport.mqtt.jcfg}.</li>
 *   <li>{@link io.github.wildfiresfu.transport.mqtt.WildfireMqttTransport}: {@code /api/node} bootstrap,
 *       MQTT 3.1.1 (HiveMQ client), requests to the Janus core, replies and events back, reconnects.</li>
 *   <li>{@link io.github.wildfiresfu.transport.mqtt.PbModeSwitch}: the process-wide {@code use_pb()} switch
 *       flipped by the first {@code pb_message} room.</li>
 *   <li>{@code cn.wildfirechat.proto.WFCConferenceData}: classes generated from
 *       {@code src/main/proto/conference_pb.proto}, the fork's protobuf schema.</li>
 * </ul>
 * Only this module uses the HiveMQ client and protobuf.
 */
package io.github.wildfiresfu.transport.mqtt;
