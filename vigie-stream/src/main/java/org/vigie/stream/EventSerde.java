package org.vigie.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.vigie.core.incident.Incident;

/**
 * JSON for {@code vigie.events}: a few records a minute per service, read by the sink and by
 * anyone who wants to follow incidents with a console consumer — readability beats size here.
 */
public final class EventSerde implements Serde<Event>, Serializer<Event>, Deserializer<Event> {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          // Incident.isOpen() is written as "open" for readers; it is derived, so ignored on read.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Override
  public byte[] serialize(String topic, Event data) {
    try {
      return data == null ? null : JSON.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException("cannot write event", e);
    }
  }

  @Override
  public Event deserialize(String topic, byte[] data) {
    try {
      return data == null ? null : JSON.readValue(data, Event.class);
    } catch (IOException e) {
      throw new SerializationException("bad vigie.events record", e);
    }
  }

  static byte[] incidentBytes(Incident i) {
    try {
      return JSON.writeValueAsBytes(i);
    } catch (IOException e) {
      throw new SerializationException("cannot write incident", e);
    }
  }

  static Incident incident(byte[] b) {
    try {
      return JSON.readValue(b, Incident.class);
    } catch (IOException e) {
      throw new SerializationException("bad stored incident", e);
    }
  }

  @Override
  public Serializer<Event> serializer() {
    return this;
  }

  @Override
  public Deserializer<Event> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
