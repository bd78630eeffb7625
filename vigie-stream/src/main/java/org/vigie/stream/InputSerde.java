package org.vigie.stream;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The detection source's values: the compact binary {@link SignalSerde} on {@code vigie.signals},
 * JSON on {@code vigie.evidence} (a few records a minute per service: readable beats small). One
 * source reads both topics, so one task — one pipeline — sees a service's reports and evidence.
 */
public final class InputSerde implements Serde<StreamInput>, Serializer<StreamInput>, Deserializer<StreamInput> {
  @Override
  public byte[] serialize(String topic, StreamInput data) {
    return switch (data) {
      case null -> null;
      case CountedReport r -> SignalSerde.encode(r.report(), r.counted());
      case EvidenceRecord e -> evidenceBytes(e);
    };
  }

  @Override
  public StreamInput deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    return VigieTopology.EVIDENCE.equals(topic) ? evidence(data) : SignalSerde.decode(data);
  }

  public static byte[] evidenceBytes(EvidenceRecord e) {
    try {
      return EventSerde.JSON.writeValueAsBytes(e);
    } catch (IOException ex) {
      throw new SerializationException("cannot write evidence record", ex);
    }
  }

  public static EvidenceRecord evidence(byte[] data) {
    try {
      return EventSerde.JSON.readValue(data, EvidenceRecord.class);
    } catch (IOException | RuntimeException ex) {
      // A foreign record must not take the stream thread down with an obscure error.
      throw new SerializationException("bad vigie.evidence record", ex);
    }
  }

  @Override
  public Serializer<StreamInput> serializer() {
    return this;
  }

  @Override
  public Deserializer<StreamInput> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
