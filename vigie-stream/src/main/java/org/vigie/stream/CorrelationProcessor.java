package org.vigie.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.vigie.core.incident.Correlator;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.incident.Relations;

/**
 * The cluster's correlation stage: every incident snapshot of every {@link DetectionProcessor}
 * task comes here through a one-partition repartition topic, so one {@link Correlator} sees the
 * open incidents of all services — Facebook, Instagram, WhatsApp and Messenger grouped whichever
 * partitions they are on, an ISP's spike attributed to them — and publishes the snapshots with
 * the groups and attributions added.
 *
 * <p>Its state (each open or recently resolved incident's latest snapshot and what correlation added) is in
 * {@value VigieTopology#CORRELATION}, changelogged and committed with the repartition offsets under
 * exactly-once, so a moved task decides as the old one would have. Incident ids stay the
 * detection tasks' (partition × 10⁹ + n): the stage adds, never renumbers.
 */
final class CorrelationProcessor implements Processor<String, Event, String, Event> {
  private final Relations relations;
  private final IncidentPolicy policy;
  private ProcessorContext<String, Event> context;
  private KeyValueStore<Bytes, byte[]> store;
  private Correlator correlator;

  CorrelationProcessor(Relations relations, IncidentPolicy policy) {
    this.relations = relations;
    this.policy = policy;
  }

  /** What the store keeps of an entry (JSON, like the incidents store). */
  record Kept(Incident raw, String group, boolean collateral, Long cause, List<Incident.TimelineEvent> added) {}

  @Override
  public void init(ProcessorContext<String, Event> context) {
    this.context = context;
    this.store = context.getStateStore(VigieTopology.CORRELATION);
    // Rebuilt from the store only: Streams may re-initialise a processor after a dirty close.
    this.correlator = new Correlator(relations, policy);
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> {
        Kept k = read(kv.value);
        correlator.restore(new Correlator.Entry(k.raw(), k.group(), k.collateral(), k.cause(), k.added()));
      });
    }
  }

  @Override
  public void process(Record<String, Event> record) {
    Event e = record.value();
    if (e == null || e.incident() == null) {
      return;
    }
    for (Correlator.Entry entry : correlator.accept(e.incident())) {
      // Resolved ones too: a lagging partition's snapshots may still be attributed to them.
      store.put(key(entry.raw().id()), write(new Kept(entry.raw(), entry.group(), entry.collateral(), entry.cause(), entry.added())));
      Incident published = entry.published();
      context.forward(new Record<>(published.service(), Event.incident(published), record.timestamp()));
    }
    correlator.forgotten().forEach(id -> store.delete(key(id)));
  }

  private static Bytes key(long id) {
    return Bytes.wrap(ByteBuffer.allocate(8).putLong(id).array());
  }

  private static byte[] write(Kept k) {
    try {
      return EventSerde.JSON.writeValueAsBytes(k);
    } catch (IOException e) {
      throw new SerializationException("cannot write correlation state", e);
    }
  }

  private static Kept read(byte[] b) {
    try {
      return EventSerde.JSON.readValue(b, Kept.class);
    } catch (IOException e) {
      throw new SerializationException("bad correlation state", e);
    }
  }
}
